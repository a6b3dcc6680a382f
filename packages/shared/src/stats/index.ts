export * from './bootstrap';
export * from './descriptive';
export * from './mann-whitney';
export * from './outliers';
export * from './random';
export * from './regression';
