package org.camelmta.cli;

import java.io.PrintWriter;

/**
 * A one-line progress bar on standard error for long runs ({@code send} of a folder, the
 * benchmark): redrawn in place at most ten times a second, never mixed into standard output.
 */
final class ProgressBar {

    private final PrintWriter err;
    private final long total;
    private final String unit;
    private final long started = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    ProgressBar(PrintWriter err, long total, String unit) {
        this.err = err;
        this.total = total;
        this.unit = unit;
    }

    void update(long done) {
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        int width = 30;
        int filled = total == 0 ? width : (int) (width * done / total);
        err.printf("\r[%s%s] %d/%d %s  %.1f/s", "#".repeat(filled), ".".repeat(width - filled), done, total, unit,
                done / seconds);
        err.flush();
        drawn = true;
    }

    void finish() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }
}
