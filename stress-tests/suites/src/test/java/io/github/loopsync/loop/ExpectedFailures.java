package io.github.loopsync.loop;

/**
 * Where the suites put the report of a broken twin that failed as it should: nowhere on a green
 * build, stdout with {@code -Dloopsync.verbose=true} (to read what Lincheck or the property
 * search shows for a known bug). A twin that does not fail fails its test instead.
 */
public final class ExpectedFailures {

    private ExpectedFailures() {
    }

    /**
     * Prints {@code report} under {@code -Dloopsync.verbose=true}, else nothing.
     *
     * @param report what the checker reported for the broken twin
     */
    public static void show(String report) {
        if (Boolean.getBoolean("loopsync.verbose")) {
            System.out.println(report);
        }
    }
}
