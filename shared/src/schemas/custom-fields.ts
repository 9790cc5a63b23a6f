// Filled in by the resource's implementation.
export {};
