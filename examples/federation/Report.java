import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints, from an execution document, which region processed which cities and what each region's revenue was:
 * a single-file program (java Report.java FILE) so the example needs nothing beyond the JDK.
 */
public class Report {
    public static void main(String[] args) throws Exception {
        String doc = Files.readString(Path.of(args[0]));
        Matcher status = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"").matcher(doc);
        System.out.println("  execution: " + (status.find() ? status.group(1) : "?"));
        Matcher row = Pattern.compile("\\{\\s*\"region\"\\s*:\\s*\"([^\"]+)\"\\s*,\\s*\"orders\"\\s*:\\s*(\\d+)\\s*,"
                + "\\s*\"revenue\"\\s*:\\s*([0-9.]+)\\s*,\\s*\"cities\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(doc);
        while (row.find()) {
            System.out.printf("  %-15s processed %2s orders from %-40s revenue %10.2f%n", row.group(1), row.group(2),
                    row.group(4).replace("\"", "").replaceAll("\\s*,\\s*", ", ").strip(), Double.parseDouble(row.group(3)));
        }
        for (String field : new String[] {"successful_regions", "failed_regions", "has_partial_failure"}) {
            Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\[[^\\]]*\\]|true|false)").matcher(doc);
            if (m.find()) {
                System.out.println("  " + field + ": " + m.group(1).replaceAll("\\s+", " "));
            }
        }
    }
}
