package dev.moescope.routing.remote;

import java.util.Locale;

/** The serving engines moescope reads routed experts from; {@link RoutedExpertsProtocol} holds their wire details. */
public enum RemoteEngine {
    /** vLLM >= 0.22 started with {@code --enable-return-routed-experts}. */
    VLLM("vllm"),
    /** SGLang >= 0.5.7 started with {@code --enable-return-routed-experts}. */
    SGLANG("sglang");

    private final String id;

    RemoteEngine(String id) {
        this.id = id;
    }

    /** The name on the command line ({@code --engine vllm}). */
    public String id() {
        return id;
    }

    public static RemoteEngine of(String name) {
        for (RemoteEngine e : values()) {
            if (e.id.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown engine '" + name + "': vllm or sglang");
    }

    @Override
    public String toString() {
        return id;
    }
}
