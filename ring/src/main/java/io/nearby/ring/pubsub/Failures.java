package io.nearby.ring.pubsub;

/** Exceptions as one line for logs, health and status. */
public final class Failures {
    private Failures() {
    }

    /** The exception and its root cause, on one line: {@code Type: message (RootType: root message)}. */
    public static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return root == cause ? text : text + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
