package org.tradeplatform.position.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void markupAndQuotesNeverLeaveAString() {
    String json = Json.write(Map.of("symbol", "<img src=x onerror=\"window.__xss=1\">'&\\\n"));

    assertThat(json)
        .isEqualTo(
            "{\"symbol\":\"\\u003cimg src=x onerror=\\\"window.__xss=1\\\"\\u003e\\u0027\\u0026"
                + "\\\\\\n\"}");
    assertThat(json).doesNotContain("<", ">", "'", "&");
  }

  @Test
  void writesNestedValues() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("n", 1);
    map.put("l", 2L);
    map.put("d", 1.5);
    map.put("nan", Double.NaN);
    map.put("b", true);
    map.put("none", null);
    map.put("list", Arrays.asList("a", null));
    map.put("empty", List.of());

    assertThat(Json.write(map))
        .isEqualTo(
            "{\"n\":1,\"l\":2,\"d\":1.5,\"nan\":null,\"b\":true,\"none\":null,"
                + "\"list\":[\"a\",null],\"empty\":[]}");
  }
}
