package io.github.loopsync.demos;

/**
 * Entry point of {@code race-demos.jar}. Today it runs the quick-start program; the race-demo
 * catalogue and its {@code list | run | explore} commands arrive with the harness (see the
 * module's README).
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the quick-start program and prints its output.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        int downloaded = QuickStart.run(System.out);
        System.out.println(downloaded + " of 3 pages downloaded in time");
    }
}
