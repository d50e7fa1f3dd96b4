import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

/**
 * Prints the rows one execution's database_write stage stored in region_revenue: a single-file program run with the
 * Meridian jar on the class path for its SQLite driver (java -cp meridian.jar StoredRows.java JDBC_URL EXECUTION_ID).
 * The stage writes the job's idempotency key into the execution column, and that key starts with the execution id.
 */
public class StoredRows {
    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0]);
             var q = c.prepareStatement("SELECT region, orders, revenue FROM region_revenue WHERE execution LIKE ? "
                     + "ORDER BY revenue DESC")) {
            q.setString(1, args[1] + "%");
            int rows = 0;
            try (ResultSet r = q.executeQuery()) {
                System.out.printf("  %-16s %7s %12s%n", "REGION", "ORDERS", "REVENUE");
                while (r.next()) {
                    System.out.printf("  %-16s %7d %12.2f%n", r.getString(1), r.getInt(2), r.getDouble(3));
                    rows++;
                }
            }
            System.out.printf("  (%d row%s in region_revenue for execution %s)%n", rows, rows == 1 ? "" : "s", args[1]);
            if (rows == 0) {
                System.exit(1);
            }
        }
    }
}
