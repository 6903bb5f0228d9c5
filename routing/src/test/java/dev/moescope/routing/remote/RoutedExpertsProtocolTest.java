package dev.moescope.routing.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moescope.routing.store.LayerTrace;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wire details of {@link RoutedExpertsProtocol}: .npy headers, SGLang's flat bytes and its three places, alignment. */
class RoutedExpertsProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String URL = "http://gpu:8000/v1/completions";

    /** [3 tokens, 4 decoder layers, top-2]; layer 0 dense (all zero), MoE layers 1..3. */
    private static RoutedRows rows() {
        int[] ids = new int[3 * 4 * 2];
        for (int t = 0; t < 3; t++) {
            for (int l = 1; l < 4; l++) {
                ids[(t * 4 + l) * 2] = (t + l) % 16;
                ids[(t * 4 + l) * 2 + 1] = (t + 2 * l + 1) % 16;
            }
        }
        return new RoutedRows(3, 4, 2, ids);
    }

    @Test
    void npyRoundTripsEveryDtypeTheEnginesUse() {
        for (RoutedRows.Dtype d : List.of(RoutedRows.Dtype.UINT8, RoutedRows.Dtype.UINT16, RoutedRows.Dtype.INT32)) {
            RoutedRows back = NpyArray.decode(NpyWriter.encode(rows(), d));
            assertEquals(List.of(3, 4, 2), List.of(back.rows(), back.layers(), back.k()));
            assertArrayEquals(rows().ids(), back.ids(), d.name());
        }
        byte[] npy = NpyWriter.encode(new RoutedRows(1, 1, 1, new int[] {200}), RoutedRows.Dtype.UINT8);
        assertEquals(0, (10 + (npy[8] & 0xff)) % 64, "data aligned to 64 bytes as numpy writes it");
        assertEquals(200, NpyArray.decode(npy).ids()[0], "u8 read unsigned");
    }

    @Test
    void npyVersion2HeaderAndBigEndianAreRead() {
        String dict = "{'descr': '>i4', 'fortran_order': False, 'shape': (1, 1, 2), }";
        String header = dict + " ".repeat(128 - 12 - dict.length() - 1) + "\n";
        ByteBuffer b = ByteBuffer.allocate(12 + header.length() + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        b.order(ByteOrder.BIG_ENDIAN).putInt(7).putInt(300);
        assertArrayEquals(new int[] {7, 300}, NpyArray.decode(b.array()).ids());
    }

    @Test
    void brokenNpyFilesSayWhatIsWrong() {
        byte[] ok = NpyWriter.encode(rows(), RoutedRows.Dtype.INT32);
        assertTrue(message(() -> NpyArray.decode(Arrays.copyOf(ok, ok.length - 4))).contains("(truncated)"));
        assertTrue(message(() -> NpyArray.decode(Arrays.copyOf(ok, 40))).contains("runs past the end"));
        assertTrue(message(() -> NpyArray.decode("hello world".getBytes())).contains("no \\x93NUMPY magic"));
        byte[] fortran = new String(ok, StandardCharsets.ISO_8859_1).replace("False", "True ")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(message(() -> NpyArray.decode(fortran)).contains("Fortran order"));
        byte[] twoD = new String(ok, StandardCharsets.ISO_8859_1).replace("(3, 4, 2)", "(12, 2)  ")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(message(() -> NpyArray.decode(twoD)).contains("expected 3 dimensions"));
    }

    @Test
    void alignKeepsMoeLayersOfAPerDecoderLayerArrayAndDropsDenseRows() {
        RoutedExpertsProtocol.Answer a = new RoutedExpertsProtocol.Answer(rows(), null, 3, 1);
        List<LayerTrace> t = RoutedExpertsProtocol.align(a, 3, 4, List.of(1, 2, 3), 16, 2, URL);
        assertEquals(List.of(1, 2, 3), t.stream().map(LayerTrace::layer).toList());
        assertArrayEquals(new int[] {(2 + 3) % 16, (2 + 7) % 16}, t.get(2).topkIds()[2], "token 2, layer 3");
    }

    @Test
    void alignReadsAnArrayWithOneSlotPerMoeLayer() {
        RoutedRows moeOnly = new RoutedRows(2, 2, 1, new int[] {5, 6, 7, 8}); // [2 tokens, 2 MoE layers, top-1]
        List<LayerTrace> t = RoutedExpertsProtocol.align(new RoutedExpertsProtocol.Answer(moeOnly, null, 2, 1),
                2, 5, List.of(2, 4), 16, 1, URL);
        assertArrayEquals(new int[][] {{5}, {7}}, t.get(0).topkIds());
        assertArrayEquals(new int[][] {{6}, {8}}, t.get(1).topkIds());
    }

    @Test
    void alignRefusesWhatDoesNotFit() {
        RoutedExpertsProtocol.Answer a = new RoutedExpertsProtocol.Answer(rows(), null, 3, 1);
        assertTrue(message(() -> RoutedExpertsProtocol.align(a, 3, 4, List.of(1, 2, 3), 16, 4, URL))
                .contains("top-2 per token; config.json says num_experts_per_tok 4"));
        assertTrue(message(() -> RoutedExpertsProtocol.align(a, 4, 4, List.of(1, 2, 3), 16, 2, URL))
                .contains("the server counted 3 prompt tokens, the local tokenizer 4"));
        assertTrue(message(() -> RoutedExpertsProtocol.align(a, 3, 4, List.of(1, 2, 3), 4, 2, URL))
                .contains("is outside 0..3"));
        RoutedExpertsProtocol.Answer noGeneration = new RoutedExpertsProtocol.Answer(rows(), null, 4, 0);
        String m = message(() -> RoutedExpertsProtocol.align(noGeneration, 4, 4, List.of(1, 2, 3), 16, 2, URL));
        assertTrue(m.startsWith(URL + ": the engine generated no token, so the last prompt token's row is missing (3 rows for 4"), m);
    }

    @Test
    void sglangRoutedExpertsAreFoundInMetaInfoSglextAndOlderSglExt() throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(rows().ids().length * 2).order(ByteOrder.LITTLE_ENDIAN);
        NpyWriter.putAll(buf, rows().ids(), RoutedRows.Dtype.UINT16);
        String b64 = Base64.getEncoder().encodeToString(buf.array());
        List<String> answers = List.of(
                "{\"text\":\"x\",\"meta_info\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"routed_experts\":\"" + b64
                        + "\",\"routed_experts_dtype\":\"uint16\"}}",
                "{\"choices\":[{\"index\":0,\"text\":\"x\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1},"
                        + "\"sglext\":{\"routed_experts\":\"" + b64 + "\",\"routed_experts_dtype\":\"uint16\"}}",
                "{\"choices\":[{\"index\":0,\"text\":\"x\",\"sgl_ext\":{\"routed_experts\":\"" + b64
                        + "\",\"routed_experts_dtype\":\"uint16\"}}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}");
        for (String answer : answers) {
            JsonNode r = JSON.readTree(answer);
            RoutedExpertsProtocol.Answer a = RoutedExpertsProtocol.answer(RemoteEngine.SGLANG, r, 4, 2, URL);
            assertArrayEquals(rows().ids(), a.rows().ids(), answer);
            assertEquals(3, a.promptTokens());
            assertEquals(1, a.generated());
        }
    }

    @Test
    void requestsAskForPrefillOnlyAndTheRoutingField() {
        JsonNode v = RoutedExpertsProtocol.request(RemoteEngine.VLLM, "m", "Hallo", null);
        assertEquals("{\"model\":\"m\",\"prompt\":\"Hallo\",\"max_tokens\":1,\"temperature\":0,"
                + "\"add_special_tokens\":false,\"return_token_ids\":true}", v.toString());
        JsonNode s = RoutedExpertsProtocol.request(RemoteEngine.SGLANG, "m", null, new int[] {1, 2});
        assertEquals("{\"input_ids\":[1,2],\"sampling_params\":{\"max_new_tokens\":1,\"temperature\":0},"
                + "\"return_routed_experts\":true}", s.toString());
    }

    @Test
    void configsOfModelsTheBridgeCannotRunGiveTheirMoeLayers() {
        RemoteModelConfig deepseek = RemoteModelConfig.parse("""
                {"model_type": "deepseek_v3", "num_hidden_layers": 61, "n_routed_experts": 256,
                 "num_experts_per_tok": 8, "first_k_dense_replace": 3, "moe_layer_freq": 1}""", "config.json");
        assertEquals(58, deepseek.moeLayers().size());
        assertEquals(3, deepseek.moeLayers().get(0));
        assertEquals(256, deepseek.numExperts());
        RemoteModelConfig gptOss = RemoteModelConfig.parse("""
                {"model_type": "gpt_oss", "num_hidden_layers": 36, "num_local_experts": 128, "experts_per_token": 4}""",
                "config.json");
        assertEquals(36, gptOss.moeLayers().size());
        assertEquals(4, gptOss.topK());
        RemoteModelConfig vl = RemoteModelConfig.parse("""
                {"model_type": "qwen3_vl_moe", "text_config": {"model_type": "qwen3_vl_moe_text", "num_hidden_layers": 4,
                 "num_experts": 8, "num_experts_per_tok": 2, "mlp_only_layers": [0]}}""", "config.json");
        assertEquals(List.of(1, 2, 3), vl.moeLayers());
    }

    private static String message(Runnable r) {
        return assertThrows(RuntimeException.class, r::run).getMessage();
    }
}
