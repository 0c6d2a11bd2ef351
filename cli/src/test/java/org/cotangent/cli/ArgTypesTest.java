package org.cotangent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.cotangent.symbolic.DType;
import org.cotangent.symbolic.TensorType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Parsing of --args. */
class ArgTypesTest {
  @Test
  void parsesNamesAndTypesWithCommasInsideBrackets() {
    List<ArgTypes.Arg> args = ArgTypes.parse(" W = f64[2, 3] ,b=f64,z=c128[4],m=bool[2],k=i64[]");
    assertEquals(5, args.size());
    assertEquals(new ArgTypes.Arg("W", TensorType.f64(2, 3)), args.get(0));
    assertEquals(new ArgTypes.Arg("b", TensorType.f64()), args.get(1));
    assertEquals(TensorType.of(DType.C128, 4), args.get(2).type());
    assertEquals(TensorType.of(DType.BOOL, 2), args.get(3).type());
    assertEquals(TensorType.of(DType.I64), args.get(4).type());
  }

  @Test
  void allowsBareTypesAndNoArguments() {
    List<ArgTypes.Arg> args = ArgTypes.parse("f64[3],f64");
    assertNull(args.get(0).name());
    assertEquals(TensorType.f64(3), args.get(0).type());
    assertEquals(List.of(), ArgTypes.parse(""));
    assertEquals(List.of(), ArgTypes.parse("  "));
  }

  @Test
  void spellsScalarsWithoutBrackets() {
    assertEquals("f64", ArgTypes.text(TensorType.f64()));
    assertEquals("f64[2,3]", ArgTypes.text(TensorType.f64(2, 3)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "W=f64[x],b=f64 | entry 1 'W=f64[x]': bad dimension 'x' in type 'f64[x]'",
    "W=f64[3],,b=f64 | entry 2 is empty",
    "W,b=f64 | entry 1 'W': 'W' has no type; write NAME=TYPE, as in W=f64[3]",
    "W=f32[3] | entry 1 'W=f32[3]': unknown dtype 'f32'",
    "W=f64[3 | entry 1 'W=f64[3': bad type 'f64[3'",
    "3W=f64 | entry 1 '3W=f64': '3W' is not a parameter name",
    "W= | entry 1 'W=': the type is missing; write W=f64 for a scalar",
    "W=f64,W=f64[2] | entry 2 'W=f64[2]': 'W' is given twice",
  })
  void badEntriesAreNamed(String text, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ArgTypes.parse(text));
    assertEquals(true, e.getMessage().startsWith(message), e.getMessage());
  }
}
