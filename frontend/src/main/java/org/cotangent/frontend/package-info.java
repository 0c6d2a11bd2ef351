/**
 * Front ends that turn user text into IR: the tracing API for Java lambdas ({@link
 * org.cotangent.frontend.Sym}, {@link org.cotangent.frontend.Ops}) and the script language.
 */
package org.cotangent.frontend;
