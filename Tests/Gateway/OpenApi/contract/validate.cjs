// The contract run's judge (OpenApiContractRunTests, docs/operations.md): third-party validators, pinned in
// package-lock.json, check what a real gateway answered against the OpenAPI document it serves.
//   node validate.cjs <swagger.json> <exchanges.json>  →  prints {"checked": n, "failures": [...], "uncovered": [...]}
// 1. openapi-schema-validator: the document against the official OpenAPI 3.0 schema.
// 2. Ajv in strict mode (what newman and Prism use): every schema compiles — a format or keyword Ajv does not know fails.
// 3. Each exchange is routed to its operation by method and path (the templates of the document), then: the status is
//    listed, the media type is declared, the body matches the schema (openapi-response-validator), and each required
//    header of the answer is present and matches its schema.
// 4. Coverage: every status every operation lists was seen at least once.
'use strict';
const fs = require('fs');
const Ajv = require('ajv').default;
const addFormats = require('ajv-formats').default;
const OpenAPISchemaValidator = require('openapi-schema-validator').default;
const OpenAPIResponseValidator = require('openapi-response-validator').default;

const [docPath, exchangesPath] = process.argv.slice(2);
const doc = JSON.parse(fs.readFileSync(docPath, 'utf8'));
const exchanges = JSON.parse(fs.readFileSync(exchangesPath, 'utf8'));
const failures = [];

for (const e of new OpenAPISchemaValidator({ version: 3 }).validate(doc).errors) {
  failures.push(`document: ${e.instancePath} ${e.message}`);
}

// The formats OpenAPI 3.0 itself defines, besides JSON Schema's (ajv-formats); nothing else.
const strict = new Ajv({ strict: true, allErrors: true, coerceTypes: true });
addFormats(strict);
for (const format of ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password']) strict.addFormat(format, true);
strict.addVocabulary(['example', 'xml', 'externalDocs', 'discriminator']);
const toAjv = (node) => JSON.parse(JSON.stringify(node).replaceAll('"#/components/schemas/', '"components#/$defs/'));
strict.addSchema({ $id: 'components', $defs: toAjv(doc.components?.schemas ?? {}) });
const compile = (schema, where) => {
  try {
    return strict.compile(toAjv(schema));
  } catch (error) {
    failures.push(`${where}: the schema does not compile in strict Ajv: ${error.message}`);
    return null;
  }
};
for (const name of Object.keys(doc.components?.schemas ?? {})) compile({ $ref: `#/components/schemas/${name}` }, `schema ${name}`);

const operations = [];
for (const [path, item] of Object.entries(doc.paths)) {
  for (const [method, operation] of Object.entries(item)) {
    if (!['get', 'put', 'post', 'delete', 'patch'].includes(method)) continue;
    const pattern = new RegExp('^' + path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+') + '$');
    operations.push({ method, path, operation, pattern, literal: !path.includes('{'), seen: new Set(),
      bodies: new OpenAPIResponseValidator({ responses: operation.responses, components: doc.components }) });
  }
}

const route = (method, path) => {
  const matches = operations.filter((o) => o.method === method && o.pattern.test(path));
  return matches.find((o) => o.literal) ?? matches.sort((a, b) => a.path.split('{').length - b.path.split('{').length)[0];
};

for (const exchange of exchanges) {
  const where = `${exchange.method} ${exchange.path} → ${exchange.status}`;
  const op = route(exchange.method.toLowerCase(), exchange.path.split('?')[0]);
  if (!op) {
    failures.push(`${where}: no operation in the document`);
    continue;
  }
  const status = String(exchange.status);
  const response = op.operation.responses[status];
  if (!response) {
    failures.push(`${where}: status not listed for ${op.method.toUpperCase()} ${op.path} (listed: ${Object.keys(op.operation.responses)})`);
    continue;
  }
  op.seen.add(status);
  const mediaType = (exchange.contentType ?? '').split(';')[0].trim().toLowerCase();
  const declared = Object.keys(response.content ?? {});
  if (declared.length === 0) {
    if (exchange.body) failures.push(`${where}: the document declares no body, the answer has ${mediaType}`);
  } else if (!declared.includes(mediaType)) {
    failures.push(`${where}: media type '${mediaType}' is not declared (${declared})`);
  } else {
    const json = mediaType === 'application/json' || mediaType.endsWith('+json');
    if (!json && !exchange.body) failures.push(`${where}: empty ${mediaType} body`);
    const body = json ? JSON.parse(exchange.body) : exchange.body;
    const result = op.bodies.validateResponse(status, body);
    for (const e of result?.errors ?? []) failures.push(`${where}: body ${e.path}: ${e.message}`);
  }
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    const value = exchange.headers[name.toLowerCase()];
    if (value === undefined) {
      if (header.required) failures.push(`${where}: required header ${name} missing`);
      continue;
    }
    const validate = compile(header.schema ?? {}, `${where} header ${name}`);
    if (validate && !validate(value)) failures.push(`${where}: header ${name}: '${value}' ${strict.errorsText(validate.errors)}`);
  }
}

const uncovered = operations.flatMap((o) => Object.keys(o.operation.responses)
  .filter((s) => !o.seen.has(s)).map((s) => `${o.method.toUpperCase()} ${o.path} ${s}`));
console.log(JSON.stringify({ checked: exchanges.length, failures, uncovered }));
