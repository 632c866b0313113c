package org.camelmta.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table that fits the terminal: columns as wide as their widest cell, and the last
 * column (the free text, an error message) cut to what is left of the width.
 */
final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final boolean[] rightAligned;

    Table(boolean[] rightAligned, String... header) {
        this.rightAligned = rightAligned;
        rows.add(header);
    }

    void add(String... cells) {
        rows.add(cells);
    }

    void print(PrintWriter out) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], cell(row, i).length());
            }
        }
        int used = 0;
        for (int i = 0; i < columns - 1; i++) {
            used += width[i] + 2;
        }
        int last = Math.max(12, terminalWidth() - used);
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String c = cell(row, i);
                if (i == columns - 1) {
                    line.append(c.length() > last ? c.substring(0, last - 1) + "…" : c);
                } else if (rightAligned[i]) {
                    line.append(" ".repeat(width[i] - c.length())).append(c).append("  ");
                } else {
                    line.append(c).append(" ".repeat(width[i] - c.length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String cell(String[] row, int i) {
        return i < row.length && row[i] != null ? row[i] : "";
    }

    static int terminalWidth() {
        try {
            int w = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100"));
            return w < 40 ? 100 : w;
        } catch (NumberFormatException e) {
            return 100;
        }
    }
}
