package org.cotangent;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cotangent.runtime.CompileService;
import org.cotangent.symbolic.Tensor;

/**
 * The other JVM of {@link ExportedTest}: reads an exported function from a file (it has none of
 * the driver's code for it), calls it on {@code x = (0.5, 1.0, 2.0)} twice and prints every
 * output double as its raw bits, then the compile count of the shared service.
 */
public final class ExportedChild {
  private ExportedChild() {}

  public static void main(String[] args) throws Exception {
    Exported e = Exported.parse(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
    double[] x = {0.5, 1.0, 2.0};
    e.call((Object) x);
    StringBuilder sb = new StringBuilder();
    for (Tensor t : e.call((Object) x)) {
      for (double d : t.unsafeData()) {
        sb.append(Long.toHexString(Double.doubleToRawLongBits(d))).append(' ');
      }
    }
    System.out.println(sb.toString().strip());
    System.out.println("compiles " + CompileService.shared().stats().compiles);
  }
}
