package dev.moescope.app.backend;

/** A language as the app lists it: code (e.g. "en"), name, and family for grouping and colours. */
public record LanguageRef(String code, String name, String family) {
    @Override
    public String toString() {
        return name + " (" + code + ")";
    }
}
