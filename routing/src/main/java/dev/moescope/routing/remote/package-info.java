/**
 * Routing from a serving engine: {@link dev.moescope.routing.remote.RemoteRoutingSource} streams samples through a
 * vLLM or SGLang server started with {@code --enable-return-routed-experts} (one prefill request per sample, a
 * bounded number in flight, retries with backoff) and yields ids-only traces for
 * {@link dev.moescope.routing.collect.CollectionJob}, which keeps its one-transaction-per-batch and resume
 * guarantees. Everything assumed about the wire format is in {@link dev.moescope.routing.remote.RoutedExpertsProtocol}
 * and {@link dev.moescope.routing.remote.NpyArray}; user documentation in docs/remote-engines.md.
 */
package dev.moescope.routing.remote;
