package dev.moescope.viz.tokens;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.layout.Pane;

/**
 * Left-to-right, top-to-bottom flow of chips, laid out incrementally: when chips are only appended and
 * the width is unchanged, only the new chips are positioned (a FlowPane re-flows every child on each
 * layout). Removal, insertion or a width change re-flows everything. A chip whose
 * {@link #LINE_BREAK} property is TRUE ends its line.
 */
final class ChipFlowPane extends Pane {
    static final String LINE_BREAK = "chip-line-break";
    private static final double HGAP = 2;
    private static final double VGAP = 2;

    private double flowWidth = -1; // content width the current positions were computed for
    private int placed;             // children [0, placed) have their positions
    private double x, y, rowHeight; // flow cursor after the last placed child
    private boolean breakPending;   // the last placed child ended its line
    private int fullReflows;        // for tests: how often everything was re-flowed

    ChipFlowPane() {
        getChildren().addListener((ListChangeListener<Node>) change -> {
            while (change.next()) {
                if (change.wasRemoved() || change.wasPermutated() || change.getFrom() < placed) {
                    placed = 0;
                }
            }
        });
    }

    /** Forces a full re-flow on the next layout (e.g. after a stylesheet change that may resize chips). */
    void reflowAll() {
        placed = 0;
        requestLayout();
    }

    int fullReflows() {
        return fullReflows;
    }

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        double width = Math.max(1, getWidth() - in.getLeft() - in.getRight());
        if (width != flowWidth || placed == 0) {
            flowWidth = width;
            placed = 0;
            x = 0;
            y = 0;
            rowHeight = 0;
            breakPending = false;
            fullReflows++;
        }
        var children = getManagedChildren();
        for (int i = placed; i < children.size(); i++) {
            Node chip = children.get(i);
            double w = chip.prefWidth(-1), h = chip.prefHeight(-1);
            if (breakPending || (x > 0 && x + w > width)) {
                x = 0;
                y += rowHeight + VGAP;
                rowHeight = 0;
            }
            chip.resizeRelocate(snapPositionX(in.getLeft() + x), snapPositionY(in.getTop() + y), w, h);
            x += w + HGAP;
            rowHeight = Math.max(rowHeight, h);
            breakPending = Boolean.TRUE.equals(chip.getProperties().get(LINE_BREAK));
        }
        placed = children.size();
    }

    @Override
    protected double computePrefHeight(double width) {
        Insets in = getInsets();
        double contentWidth = width > 0 ? width - in.getLeft() - in.getRight() : flowWidth;
        if (contentWidth == flowWidth && placed == getManagedChildren().size()) {
            return in.getTop() + y + rowHeight + in.getBottom();
        }
        double cx = 0, cy = 0, rh = 0; // simulate the flow without moving anything
        boolean br = false;
        double limit = contentWidth > 0 ? contentWidth : Double.MAX_VALUE;
        for (Node chip : getManagedChildren()) {
            double w = chip.prefWidth(-1), h = chip.prefHeight(-1);
            if (br || (cx > 0 && cx + w > limit)) {
                cx = 0;
                cy += rh + VGAP;
                rh = 0;
            }
            cx += w + HGAP;
            rh = Math.max(rh, h);
            br = Boolean.TRUE.equals(chip.getProperties().get(LINE_BREAK));
        }
        return in.getTop() + cy + rh + in.getBottom();
    }

    @Override
    protected double computePrefWidth(double height) {
        return 400;
    }

    @Override
    protected double computeMinWidth(double height) {
        return 40;
    }
}
