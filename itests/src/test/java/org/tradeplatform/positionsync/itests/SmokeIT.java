package org.tradeplatform.positionsync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.inject.Inject;
import javax.sql.DataSource;
import org.apache.karaf.features.BundleInfo;
import org.apache.karaf.features.Feature;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** The feature installs, every bundle starts, every component reaches its state, SQL runs. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SmokeIT extends KarafTestSupport {

  @Inject protected ServiceComponentRuntime scr;

  @Inject
  @Filter("(dataSourceName=positions)")
  protected DataSource dataSource;

  @Configuration
  public Option[] config() {
    return karaf("smoke", "position-sync");
  }

  @Test
  public void everyBundleOfTheFeatureIsActive() throws Exception {
    Feature feature = featuresService.getFeature("position-sync");
    List<String> notActive = new ArrayList<>();
    for (BundleInfo info : feature.getBundles()) {
      Bundle bundle = bundleContext.getBundle(info.getLocation());
      if (bundle == null || bundle.getState() != Bundle.ACTIVE) {
        notActive.add(
            info.getLocation()
                + (bundle == null ? " (not installed)" : " state " + bundle.getState()));
      }
    }
    assertTrue("bundles not active: " + notActive, notActive.isEmpty());
    assertTrue(featuresService.isInstalled(feature));
  }

  @Test
  public void everyComponentReachesItsExpectedState() {
    Map<String, String> expected = new TreeMap<>(ExpectedComponents.STATES);
    await(
        "components " + expected.keySet() + " in their expected states",
        Duration.ofSeconds(60),
        () -> expected.equals(componentStates(expected.keySet())));
    assertEquals(expected, componentStates(expected.keySet()));
  }

  @Test
  public void selectOneThroughTheDataSource() throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select 1")) {
      assertTrue(rs.next());
      assertEquals(1, rs.getInt(1));
    }
  }

  /** State of each named component: ACTIVE, SATISFIED, UNSATISFIED_..., or NO_CONFIGURATION. */
  private Map<String, String> componentStates(Collection<String> names) {
    Map<String, String> states = new TreeMap<>();
    for (String name : names) {
      states.put(name, "MISSING");
    }
    for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
      if (!states.containsKey(description.name)) {
        continue;
      }
      Collection<ComponentConfigurationDTO> configurations =
          scr.getComponentConfigurationDTOs(description);
      states.put(
          description.name,
          configurations.isEmpty()
              ? "NO_CONFIGURATION"
              : stateName(configurations.iterator().next().state));
    }
    return states;
  }

  private static String stateName(int state) {
    switch (state) {
      case ComponentConfigurationDTO.ACTIVE:
        return "ACTIVE";
      case ComponentConfigurationDTO.SATISFIED:
        return "SATISFIED";
      case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION:
        return "UNSATISFIED_CONFIGURATION";
      case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
        return "UNSATISFIED_REFERENCE";
      case ComponentConfigurationDTO.FAILED_ACTIVATION:
        return "FAILED_ACTIVATION";
      default:
        return "STATE_" + state;
    }
  }
}
