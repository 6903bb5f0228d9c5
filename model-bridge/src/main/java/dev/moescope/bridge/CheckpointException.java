package dev.moescope.bridge;

/** A checkpoint directory or one of its files is missing, malformed or contradicts the config. */
public class CheckpointException extends RuntimeException {

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
