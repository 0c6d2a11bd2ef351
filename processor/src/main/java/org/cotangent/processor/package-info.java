/** Cotangent processor module: see docs/DESIGN.md section 1 for what it owns. */
package org.cotangent.processor;
