package io.skylane.server.cli;

import java.util.ArrayList;
import java.util.List;

/** Plain-text columns, each as wide as its widest cell, two spaces apart; a cell may span lines. */
final class Table {

    private Table() {
    }

    /** The table with a header row (none when {@code headers} is null), each line ending in a newline. */
    static String render(List<String> headers, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        if (headers != null) {
            all.add(headers);
        }
        all.addAll(rows);
        int cols = 0;
        for (List<String> r : all) {
            cols = Math.max(cols, r.size());
        }
        int[] width = new int[cols];
        for (List<String> r : all) {
            for (int c = 0; c < r.size(); c++) {
                for (String line : lines(r.get(c))) {
                    width[c] = Math.max(width[c], line.length());
                }
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> r : all) {
            int height = 1;
            for (String cell : r) {
                height = Math.max(height, lines(cell).length);
            }
            for (int l = 0; l < height; l++) {
                StringBuilder line = new StringBuilder();
                for (int c = 0; c < r.size(); c++) {
                    String[] cell = lines(r.get(c));
                    String text = l < cell.length ? cell[l] : "";
                    line.append(text);
                    if (c < r.size() - 1) {
                        line.append(" ".repeat(width[c] - text.length() + 2));
                    }
                }
                out.append(line.toString().stripTrailing()).append('\n');
            }
        }
        return out.toString();
    }

    private static String[] lines(String cell) {
        return (cell == null ? "" : cell).split("\n", -1);
    }
}
