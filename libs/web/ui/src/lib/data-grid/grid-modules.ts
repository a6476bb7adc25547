import { Module, ModuleRegistry, ValidationModule } from 'ag-grid-community';

const registered = new Set<string>();

/**
 * Registers the AG Grid modules a kind of grid uses, once, when its first grid is created — not
 * at import, so that importing this library's helpers never pulls AG Grid into the initial
 * bundle. ngDevMode is false in production builds, so ValidationModule (readable errors) is
 * added only while developing.
 */
export function registerGridModulesOnce(kind: string, modules: Module[]): void {
  if (registered.has(kind)) return;
  registered.add(kind);
  ModuleRegistry.registerModules([...modules, ...(typeof ngDevMode !== 'undefined' && ngDevMode ? [ValidationModule] : [])]);
}
