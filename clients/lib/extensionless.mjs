// Node resolve hook: lets Node load ES modules written for bundlers, whose relative imports omit the
// ".js" extension. inaturalistjs 1.0.0's dist/ does this (`export * from './types.gen'`), so plain
// `import 'inaturalistjs'` fails under Node with ERR_MODULE_NOT_FOUND; its own users go through Vite,
// which resolves such imports the same way this hook does. Only relative specifiers without an
// extension are touched; everything else resolves as Node always does.
export async function resolve(specifier, context, nextResolve) {
  if ((specifier.startsWith('./') || specifier.startsWith('../')) && !/\.[cm]?js$|\.json$/.test(specifier)) {
    try {
      return await nextResolve(specifier + '.js', context);
    } catch {
      // not a bare file: fall through to Node's own resolution (and its error)
    }
  }
  return nextResolve(specifier, context);
}
