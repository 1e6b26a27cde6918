/** Tool version written into reports and trace-pack manifests. */
export const VERSION = '0.1.0'
