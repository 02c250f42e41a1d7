package org.tradeplatform.position.repository.internal;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;
import org.osgi.framework.Bundle;

/**
 * Lists the migration scripts of this bundle through {@link Bundle#findEntries}, so Flyway does not
 * depend on how the framework shapes its resource URLs.
 */
final class BundleMigrationResources implements ResourceProvider {

  private final Bundle bundle;
  private final String folder;

  BundleMigrationResources(Bundle bundle, String folder) {
    this.bundle = bundle;
    this.folder = folder;
  }

  @Override
  public LoadableResource getResource(String name) {
    URL url = bundle.getEntry(name);
    return url == null ? null : new UrlResource(name, url);
  }

  @Override
  public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
    List<LoadableResource> resources = new ArrayList<>();
    Enumeration<URL> entries = bundle.findEntries(folder, "*", false);
    while (entries != null && entries.hasMoreElements()) {
      URL url = entries.nextElement();
      String path = url.getPath().startsWith("/") ? url.getPath().substring(1) : url.getPath();
      String fileName = path.substring(path.lastIndexOf('/') + 1);
      if (fileName.startsWith(prefix) && endsWithAny(fileName, suffixes)) {
        resources.add(new UrlResource(path, url));
      }
    }
    return resources;
  }

  private static boolean endsWithAny(String name, String[] suffixes) {
    for (String suffix : suffixes) {
      if (name.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }

  /** One script in the bundle. */
  private static final class UrlResource extends LoadableResource {
    private final String path;
    private final URL url;

    UrlResource(String path, URL url) {
      this.path = path;
      this.url = url;
    }

    @Override
    public Reader read() {
      try {
        return new InputStreamReader(url.openStream(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read migration " + path, e);
      }
    }

    @Override
    public String getAbsolutePath() {
      return path;
    }

    @Override
    public String getAbsolutePathOnDisk() {
      return url.toExternalForm();
    }

    @Override
    public String getFilename() {
      return path.substring(path.lastIndexOf('/') + 1);
    }

    @Override
    public String getRelativePath() {
      return path;
    }
  }
}
