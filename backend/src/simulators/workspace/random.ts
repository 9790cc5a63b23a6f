// Deterministic, allocation-free randomness for the simulator: every generated fact is a pure
// function of (seed, a few integers), so record i can be rebuilt on demand without storing it.

/** A 32-bit avalanche mix (the murmur3 finaliser). */
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** An unsigned 32-bit hash of a seed and integer parts. */
export function hash32(seed: number, ...parts: number[]): number {
  let h = mix32(seed ^ 0x9e3779b9);
  for (const part of parts) {
    h = mix32(h ^ Math.imul((part | 0) + 0x7f4a7c15, 0x2545f491));
    // Numbers beyond 32 bits: fold the high half in too.
    if (part > 0xffffffff) h = mix32(h ^ Math.floor(part / 0x100000000));
  }
  return h;
}

/** A uniform number in [0, 1) from a seed and integer parts. */
export function unit(seed: number, ...parts: number[]): number {
  return hash32(seed, ...parts) / 0x100000000;
}

/** A hash of a string (FNV-1a), for seeding by names and URLs. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Picks an element of a non-empty list by a hash. */
export function pick<T>(list: readonly T[], hash: number): T {
  const value = list[hash % list.length];
  if (value === undefined) throw new Error('pick from an empty list');
  return value;
}

/**
 * A bijection on [0, 2^32): distinct inputs give distinct outputs, so identifiers derived from it
 * (serial numbers, device ids) are unique without a lookup table.
 */
export function scramble32(value: number, seed: number): number {
  let x = (value ^ hash32(seed, 1)) >>> 0;
  x = Math.imul(x, 0x2c1b3c6d) >>> 0; // odd multiplier: invertible mod 2^32
  x ^= x >>> 12;
  x = Math.imul(x, 0x297a2d39) >>> 0;
  x ^= x >>> 15;
  return x >>> 0;
}

/** Lowercase hexadecimal of a 32-bit number, zero-padded to 8 digits. */
export function hex8(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
