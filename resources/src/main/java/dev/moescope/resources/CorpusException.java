package dev.moescope.resources;

/** A corpus or language table could not be read; the message names the file, the line and the problem. */
public class CorpusException extends RuntimeException {

    public CorpusException(String message) {
        super(message);
    }

    public CorpusException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "file:line: problem", the form every loader uses. */
    static CorpusException at(Object file, int line, String problem) {
        return new CorpusException(file + ":" + line + ": " + problem);
    }
}
