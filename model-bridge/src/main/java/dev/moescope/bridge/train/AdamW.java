package dev.moescope.bridge.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.moescope.bridge.CheckpointException;
import dev.moescope.bridge.safetensors.SafetensorsCheckpoint;
import dev.moescope.bridge.safetensors.SafetensorsDType;
import dev.moescope.bridge.safetensors.SafetensorsWriter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * AdamW (decoupled weight decay, Loshchilov and Hutter) over the tensors of a {@link MoeWeights}, with global
 * gradient-norm clipping. Weight decay applies to matrices only (not to RMSNorm weights). The moment tensors
 * live in their own manager; {@link #lendTo} them to the step manager like the weights.
 */
public final class AdamW implements AutoCloseable {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.95;
    private static final double EPS = 1e-8;

    private final NDManager manager;
    private final List<String> names = new ArrayList<>();
    private final List<NDArray> params = new ArrayList<>();
    private final List<NDArray> first = new ArrayList<>();   // m, same shape as the param
    private final List<NDArray> second = new ArrayList<>();  // v, same shape as the param
    private final List<Boolean> decays = new ArrayList<>();
    private final double weightDecay;
    private int t;

    public AdamW(MoeWeights weights, double weightDecay) {
        this.manager = weights.manager().getParentManager().newSubManager();
        this.weightDecay = weightDecay;
        for (Map.Entry<String, NDArray> e : weights.all().entrySet()) {
            NDArray p = e.getValue();
            names.add(e.getKey());
            p.setRequiresGradient(true);
            params.add(p);
            first.add(manager.zeros(p.getShape()));
            second.add(manager.zeros(p.getShape()));
            decays.add(p.getShape().dimension() >= 2);
        }
    }

    public void lendTo(NDManager step) {
        first.forEach(a -> a.tempAttach(step));
        second.forEach(a -> a.tempAttach(step));
    }

    /**
     * One update with learning rate {@code lr} after a backward pass; clips the global gradient norm to
     * {@code clip} (0: no clipping), zeroes the gradients, and returns the norm before clipping.
     * Call outside the gradient collector: the in-place updates must not be recorded.
     */
    public double step(NDManager m, double lr, double clip) {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);    // the update itself must not join the autograd graph
        try {
            return update(m, lr, clip);
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    private double update(NDManager m, double lr, double clip) {
        List<NDArray> grads = new ArrayList<>(params.size());
        double sq = 0;
        for (NDArray p : params) {
            NDArray g = p.getGradient();     // a handle on p.grad; in m because p is lent to m
            grads.add(g);
            sq += g.square().sum().getFloat();
        }
        double norm = Math.sqrt(sq);
        double scale = clip > 0 && norm > clip ? clip / (norm + 1e-6) : 1.0;
        t++;
        double bias1 = 1 - Math.pow(BETA1, t);
        double bias2 = 1 - Math.pow(BETA2, t);
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i);
            NDArray g = grads.get(i).mul((float) scale);
            NDArray mom = first.get(i).muli((float) BETA1).addi(g.mul((float) (1 - BETA1)));
            NDArray vel = second.get(i).muli((float) BETA2).addi(g.square().muli((float) (1 - BETA2)));
            // p -= lr * (m / bias1) / (sqrt(v / bias2) + eps) + lr * wd * p
            NDArray update = mom.div((float) bias1).divi(vel.div((float) bias2).sqrt().addi((float) EPS));
            if (decays.get(i)) {
                update.addi(p.mul((float) weightDecay));
            }
            p.subi(update.muli((float) lr));
            grads.get(i).subi(grads.get(i));    // zero p.grad in place: PyTorch accumulates
        }
        return norm;
    }

    /** Updates done so far (the bias corrections depend on it). */
    public int updates() {
        return t;
    }

    /** Writes the moments ({@code m.NAME}, {@code v.NAME}, f32, exact) and the update count to {@code file}. */
    public void save(Path file) {
        List<SafetensorsWriter.Tensor> out = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            long[] shape = params.get(i).getShape().getShape();
            out.add(new SafetensorsWriter.Tensor("m." + names.get(i), SafetensorsDType.F32, shape, first.get(i)::toFloatArray));
            out.add(new SafetensorsWriter.Tensor("v." + names.get(i), SafetensorsDType.F32, shape, second.get(i)::toFloatArray));
        }
        SafetensorsWriter.write(file, out, Map.of("format", "pt", "adamw_updates", Integer.toString(t)));
    }

    /** Restores what {@link #save} wrote for the same model shape. */
    public void load(Path file) {
        try (SafetensorsCheckpoint ckpt = SafetensorsCheckpoint.open(file)) {
            String updates = ckpt.metadata().get("adamw_updates");
            if (updates == null) {
                throw new CheckpointException(file + ": no adamw_updates in the metadata (not an optimizer state)");
            }
            for (int i = 0; i < params.size(); i++) {
                restore(ckpt, "m." + names.get(i), first.get(i));
                restore(ckpt, "v." + names.get(i), second.get(i));
            }
            t = Integer.parseInt(updates);
        }
    }

    private static void restore(SafetensorsCheckpoint ckpt, String name, NDArray into) {
        if (!ckpt.contains(name)) {
            throw new CheckpointException(ckpt.source() + ": tensor '" + name + "' is missing");
        }
        long[] stored = ckpt.entry(name).shape();
        if (!Arrays.equals(stored, into.getShape().getShape())) {
            throw new CheckpointException(ckpt.source() + ": tensor '" + name + "' has shape " + Arrays.toString(stored)
                    + ", the model needs " + into.getShape());
        }
        into.set(ckpt.readF32(name));
    }

    @Override
    public void close() {
        manager.close();
    }
}
