package dev.moescope.viz.export;

/** File formats of {@link FigureExporter}. */
public enum FigureFormat {
    PNG("png", "PNG image (2x)"),
    SVG("svg", "SVG vector image"),
    PDF("pdf", "PDF document");

    private final String extension;
    private final String description;

    FigureFormat(String extension, String description) {
        this.extension = extension;
        this.description = description;
    }

    public String extension() { return extension; }
    public String description() { return description; }
}
