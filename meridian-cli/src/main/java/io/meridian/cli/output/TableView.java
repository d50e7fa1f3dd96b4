package io.meridian.cli.output;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A plain aligned text table: a header row, then rows; columns sized to their widest cell. */
public final class TableView {
    private final List<String[]> rows = new ArrayList<>();

    public TableView(String... header) {
        rows.add(header);
    }

    public TableView row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = cells[i] == null ? "-" : cells[i].toString();
        }
        rows.add(r);
        return this;
    }

    public void print(PrintStream out) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols && i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cols && i < r.length; i++) {
                line.append(i == cols - 1 ? r[i] : pad(r[i], width[i] + 2));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }
}
