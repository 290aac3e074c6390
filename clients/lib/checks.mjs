// Tiny assertion kit for the client scripts: every check prints one line, a failure prints what was
// expected and what came back, and the process exits non-zero at the end (after all checks ran, so one
// run shows every broken thing). The JUnit test shows this output when the script fails.
let failures = 0;
let passed = 0;

export function check(what, condition, detail = '') {
  if (condition) {
    passed++;
    console.log(`ok    ${what}`);
  } else {
    failures++;
    console.log(`FAIL  ${what}${detail ? `\n      ${detail}` : ''}`);
  }
  return condition;
}

export function equal(what, actual, expected) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  return check(what, a === e, `expected ${e}\n      actual   ${a}`);
}

/** Runs one group of checks; an exception inside (a client that throws on our JSON) fails the group. */
export async function group(name, body) {
  console.log(`-- ${name}`);
  try {
    await body();
  } catch (e) {
    check(`${name}: no exception`, false, e && e.stack ? e.stack : String(e));
  }
}

export function finish() {
  console.log(`${passed} checks passed, ${failures} failed`);
  process.exit(failures === 0 ? 0 : 1);
}

export function baseUrlFromArgs() {
  const base = process.argv[2];
  if (!base || !/^https?:\/\//.test(base)) {
    console.error(`usage: node ${process.argv[1]} http://127.0.0.1:PORT   (the node's root; the API is under /v1)`);
    process.exit(2);
  }
  return base.replace(/\/+$/, '');
}
