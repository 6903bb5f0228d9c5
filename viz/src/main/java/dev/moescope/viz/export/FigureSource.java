package dev.moescope.viz.export;

/** A component that can produce a publication-styled copy of what it shows. */
@FunctionalInterface
public interface FigureSource {
    /** A fresh figure of the current data in {@code PublicationStyle}, independent of the screen theme. */
    ExportableChart figure();
}
