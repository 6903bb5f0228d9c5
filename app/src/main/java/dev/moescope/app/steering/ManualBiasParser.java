package dev.moescope.app.steering;

import java.util.ArrayList;
import java.util.List;

/** Parses "layer:expert=value, ..." into manual biases, naming the bad entry on error. */
public final class ManualBiasParser {
    private ManualBiasParser() {}

    public static List<SteeringViewModel.ManualBias> parse(String text) {
        List<SteeringViewModel.ManualBias> out = new ArrayList<>();
        for (String part : text.split("[,;]")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            try {
                String[] lv = p.split("=");
                String[] le = lv[0].split(":");
                if (lv.length != 2 || le.length != 2) {
                    throw new NumberFormatException();
                }
                int layer = Integer.parseInt(le[0].trim());
                int expert = Integer.parseInt(le[1].trim());
                if (layer < 0 || expert < 0) {
                    throw new NumberFormatException();
                }
                out.add(new SteeringViewModel.ManualBias(layer, expert, Double.parseDouble(lv[1].trim())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("manual bias \"" + p + "\": expected layer:expert=value, e.g. 12:5=2.0");
            }
        }
        return out;
    }
}
