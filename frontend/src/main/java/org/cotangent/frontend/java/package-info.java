/**
 * The Java-source reader of the annotation processor: a static method, parsed by JavaParser, as
 * IR ({@link org.cotangent.frontend.java.MethodReader}); constructs outside the subset are {@link
 * org.cotangent.frontend.java.JavaSubsetException}s at their position.
 */
package org.cotangent.frontend.java;
