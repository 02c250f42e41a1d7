package org.tradeplatform.positionsync.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** A bundle's jar rebuilt with one more manifest header: a different build of the same code. */
final class RebuiltJar {
  private RebuiltJar() {}

  /** Reads the jar at {@code location} and returns it with {@code X-Rebuilt: tag}. */
  static byte[] of(String location, String tag) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (InputStream original = new URL(location).openStream();
        JarInputStream in = new JarInputStream(original)) {
      Manifest manifest = new Manifest(in.getManifest());
      manifest.getMainAttributes().putValue("X-Rebuilt", tag);
      try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
        JarEntry entry;
        while ((entry = in.getNextJarEntry()) != null) {
          out.putNextEntry(new JarEntry(entry.getName()));
          in.transferTo(out);
          out.closeEntry();
        }
      }
    }
    return bytes.toByteArray();
  }
}
