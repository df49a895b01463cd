package textdive.doctor;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListMemoryBytes;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * The devices a TensorFlow session gets, as TensorFlow lists them. TF Java 1.1.0 has no Java call for this (neither
 * {@code Session} nor {@code EagerSession} lists devices), so it goes through the C API's
 * {@code TF_SessionListDevices} on an empty graph, with the thread counts textdive's sessions use. The GPU is asked
 * to grow its memory as needed, so that looking does not reserve the whole card.
 */
final class TensorFlowDevices {
    /** One device: {@code /job:localhost/replica:0/task:0/device:GPU:0}, {@code GPU}, its memory in bytes. */
    record Device(String name, String type, long memoryBytes) {
    }

    private TensorFlowDevices() {
    }

    /** TensorFlow's version ({@code 2.18.0}); loads the native library. */
    static String tensorFlowVersion() {
        return TensorFlow.version();
    }

    static List<Device> list(int intraOpThreads, int interOpThreads) {
        byte[] config = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(intraOpThreads)
                .setInterOpParallelismThreads(interOpThreads)
                .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true))
                .build().toByteArray();
        List<Device> out = new ArrayList<>();
        try (PointerScope scope = new PointerScope()) {
            TF_Status status = TF_Status.newStatus();
            TF_SessionOptions options = TF_SessionOptions.newSessionOptions();
            TF_SetConfig(options, new BytePointer(config), config.length, status);
            status.throwExceptionIfNotOK();
            TF_Graph graph = TF_Graph.newGraph();
            TF_Session session = TF_Session.newSession(graph, options, status);
            status.throwExceptionIfNotOK();
            try {
                TF_DeviceList devices = TF_SessionListDevices(session, status);
                status.throwExceptionIfNotOK();
                try {
                    for (int i = 0, n = TF_DeviceListCount(devices); i < n; i++) {
                        String name = TF_DeviceListName(devices, i, status).getString();
                        String type = TF_DeviceListType(devices, i, status).getString();
                        long bytes = TF_DeviceListMemoryBytes(devices, i, status);
                        status.throwExceptionIfNotOK();
                        out.add(new Device(name, type, bytes));
                    }
                } finally {
                    TF_DeleteDeviceList(devices);
                }
            } finally {
                session.close(); // before the graph it runs on
            }
        }
        return out;
    }
}
