// Independent check of the exported contract schema: ajv (2020-12) with ajv-formats.
// Usage: node ajv-verdicts.cjs SCHEMA.json DATA1.json DATA2.json ...
// Prints one line per data file: "<file>\t<valid|invalid>".
const fs = require("fs");
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

function luhn(value) {
  if (!/^[0-9]{9}$/.test(value)) return true; // other shapes are the pattern's business
  let total = 0;
  [...value].reverse().forEach((char, index) => {
    let digit = Number(char);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    total += digit;
  });
  return total % 10 === 0;
}

// strictRequired would refuse « then: {required: [siren]} » beside properties declared above it.
const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true });
addFormats(ajv);
ajv.addFormat("siren", { type: "string", validate: luhn });
const validate = ajv.compile(JSON.parse(fs.readFileSync(process.argv[2], "utf8")));
for (const file of process.argv.slice(3)) {
  const valid = validate(JSON.parse(fs.readFileSync(file, "utf8")));
  process.stdout.write(`${file}\t${valid ? "valid" : "invalid"}\n`);
}
