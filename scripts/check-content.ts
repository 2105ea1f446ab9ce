import { compileAllContent, compileStats } from '../app/lib/content/compile.server'
import { loadLegalProcessGuide } from '../app/modules/guidelines/legal-process-guide.server'

/**
 * Part of `npm run build`: compiles every guideline and training module (filling the hash
 * cache the server starts from), checks every internal link in them and in the legal-process
 * guide, and fails with the file and the error when one is broken.
 */
const started = Date.now()
try {
  const library = await compileAllContent()
  const count = [...library.guidelines.values(), ...library.modules.values()].reduce((total, versions) => total + versions.size, 0)
  const guide = loadLegalProcessGuide(library)
  console.info(
    `[content] ${count} documents ready (${compileStats.bundleCalls} compiled, the rest from the cache) and the legal-process guide (${guide.questions.length} questions, ${guide.results.length} results) in ${Date.now() - started} ms`,
  )
} catch (error) {
  console.error(`[content] ${(error as Error).message}`)
  process.exit(1)
}
