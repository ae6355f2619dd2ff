/** flopscope's estimation core: pure, synchronous functions of plain data. */
export * from './types';
export * from './errors';
export * from './format';
export * from './fields';
export * from './hardware';
export * from './references';
export * from './validate';
export * from './tokens';
export * from './flops';
export * from './cluster';
export * from './warnings';
export * from './estimate';
export * from './ranges';
export * from './sweep';
export * from './inverse';
export * from './inference';
export * from './presets';
