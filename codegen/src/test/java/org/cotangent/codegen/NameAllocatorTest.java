package org.cotangent.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The name allocator: sanitising, suffixes, tags and nested scopes. */
class NameAllocatorTest {
  @Test
  void suggestionsAreSanitisedAndNeverKeywordsOrReferencedNames() {
    NameAllocator a = new NameAllocator();
    assertEquals("x_y", a.newName("x y"));
    assertEquals("_1st", a.newName("1st"));
    assertEquals("v", a.newName(""));
    assertEquals("class_2", a.newName("class"));
    assertEquals("Math_2", a.newName("Math"));
    assertEquals("x_y_2", a.newName("x-y"));
    a.reserve("in");
    assertEquals("in_2", a.newName("in"));
  }

  @Test
  void tagsFindTheirNames() {
    NameAllocator a = new NameAllocator();
    Object w = new Object();
    assertEquals("W", a.newName("W", w));
    assertEquals("W_2", a.newName("W"));
    assertEquals("W", a.get(w));
    assertTrue(a.has(w));
    assertThrows(IllegalArgumentException.class, () -> a.newName("other", w));
    assertThrows(IllegalArgumentException.class, () -> a.get(new Object()));
  }

  @Test
  void aScopeSeesItsParentButNotTheOtherWayRound() {
    NameAllocator method = new NameAllocator();
    Object x = new Object();
    method.newName("acc", x);
    NameAllocator loop = method.newScope();
    assertEquals("acc_2", loop.newName("acc"), "the method's acc is visible in the loop");
    assertEquals("i", loop.newName("i"));
    assertEquals("acc", loop.get(x));
    // After the loop, its names are free again in the method; a sibling scope reuses them too.
    assertEquals("i", method.newScope().newName("i"));
    assertEquals("i", method.newName("i"));
    assertFalse(method.has(new Object()));
  }

  @Test
  void theSameCallsGiveTheSameNames() {
    StringBuilder first = new StringBuilder();
    StringBuilder second = new StringBuilder();
    for (StringBuilder sb : new StringBuilder[] {first, second}) {
      NameAllocator a = new NameAllocator();
      for (int k = 0; k < 50; k++) {
        sb.append(a.newName(k % 3 == 0 ? "x" : "x_2")).append(' ');
      }
    }
    assertEquals(first.toString(), second.toString());
    assertTrue(first.toString().startsWith("x x_2 x_2_2 x_3 "), first.toString());
  }
}
