/**
 * {@code ./textdive doctor}: what this process would run on, and, when a GPU is expected but TensorFlow does not
 * see one, which piece of the host is missing and what to install.
 *
 * <p>{@link textdive.doctor.Doctor} prints the report. {@link textdive.doctor.NativeBuild} tells which of
 * TensorFlow Java's native builds (CPU or GPU) is on the class path and which one loaded;
 * {@link textdive.doctor.TensorFlowDevices} asks TensorFlow for its devices. {@link textdive.doctor.GpuCheck} looks
 * at the host without loading TensorFlow: the NVIDIA driver ({@link textdive.doctor.NvidiaDriver}) and the CUDA
 * libraries TensorFlow 2.18 opens at run time ({@link textdive.doctor.CudaLibrary}), found the way the dynamic
 * loader finds them ({@link textdive.doctor.LoaderPath}). Everything it reads about the machine comes through
 * {@link textdive.doctor.Host}, so that a test can describe a machine it is not running on.
 *
 * <p>This package reads TensorFlow's C API directly (the device list has no Java API in TF Java 1.1.0), the one
 * place outside {@code textdive.nn} and {@code textdive.optim} that does.
 */
package textdive.doctor;
