package textdive.ulmfit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import textdive.nn.Engine;
import textdive.nn.F;

/**
 * One protobuf-java for two users: Tribuo 4.3.2 is built against 3.25.x and TensorFlow Java 1.1.0 brings 3.21.9; the
 * parent pom manages 3.25.6. Both must work with it: a Tribuo model round-trips through its protobuf serialization,
 * and TensorFlow (whose session configuration is a protobuf message) still builds and runs a graph.
 */
class ProtobufVersionsTest {
    @Test
    void theManagedProtobufRuntimeIsOnTheClassPath() {
        String jar = Message.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        assertTrue(jar.endsWith("protobuf-java-3.25.6.jar"), "protobuf-java on the class path: " + jar);
    }

    @Test
    void aTribuoModelRoundTripsThroughProtobuf() throws Exception {
        LabelFactory f = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("toy", f), f);
        for (int i = 0; i < 40; i++) {
            boolean pos = i % 2 == 0;
            data.add(new ArrayExample<>(new Label(pos ? "pos" : "neg"), new String[] {pos ? "w=good" : "w=bad", "w=movie"}, new double[] {1, 1}));
        }
        Model<Label> model = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.5, 0.1), 3, 1).train(data);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        model.serializeToStream(buf);
        Model<?> back = Model.deserializeFromStream(new ByteArrayInputStream(buf.toByteArray()));
        var ex = new ArrayExample<>(new Label("pos"), new String[] {"w=good"}, new double[] {1});
        @SuppressWarnings("unchecked")
        Model<Label> typed = (Model<Label>) back;
        assertEquals(model.predict(ex).getOutput().getLabel(), typed.predict(ex).getOutput().getLabel());
        assertEquals(model.predict(ex).getOutput().getScore(), typed.predict(ex).getOutput().getScore(), 1e-12);
    }

    @Test
    void tensorFlowStillBuildsAndRunsAGraph() {
        var v = Engine.eval(() -> F.tensor(new double[] {1, 2, 3, 4}, 2, 2).matmul(F.tensor(new double[] {1, 0, 0, 1}, 2, 2)).sum());
        assertEquals(10.0, v.item(), 1e-6);
        assertTrue(Engine.tensorFlowVersion().startsWith("2."));
    }
}
