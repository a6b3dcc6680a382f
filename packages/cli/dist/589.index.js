export const id = 589;
export const ids = [589];
export const modules = {

/***/ 11589:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runnerSetsTfvars: () => (/* binding */ runnerSetsTfvars),
/* harmony export */   tofuStandinPath: () => (/* binding */ tofuStandinPath),
/* harmony export */   tofuWorkdir: () => (/* binding */ tofuWorkdir),
/* harmony export */   updateStandinConfig: () => (/* binding */ updateStandinConfig),
/* harmony export */   updateTfvars: () => (/* binding */ updateTfvars)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(73136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_url__WEBPACK_IMPORTED_MODULE_3__);




/** Path of the executable `tofu` stand-in (plan -out, show -json, apply against the simulated cluster). */
const tofuStandinPath = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)((0,node_url__WEBPACK_IMPORTED_MODULE_3__.fileURLToPath)(import.meta.url)), 'tofu-standin.mjs');
function hcl(value, indent = '') {
    if (Array.isArray(value))
        return `[${value.map((v) => hcl(v)).join(', ')}]`;
    if (value && typeof value === 'object') {
        const inner = Object.entries(value)
            .map(([k, v]) => `${indent}  ${/^[A-Za-z_][\w-]*$/.test(k) ? k : JSON.stringify(k)} = ${hcl(v, `${indent}  `)}`)
            .join('\n');
        return `{\n${inner}\n${indent}}`;
    }
    return JSON.stringify(value);
}
/** Writes tfvars in HCL: `variable = { name = { min_runners = … } }`. */
function runnerSetsTfvars(sets, variable = 'extra_runner_sets') {
    return `${variable} = ${hcl(sets)}\n`;
}
/** A fresh working directory with `runners.tfvars` and `tofu-standin.json`. */
function tofuWorkdir(sets, config = {}) {
    const dir = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdtempSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)((0,node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir)(), 'tofu-standin-'));
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'runners.tfvars'), runnerSetsTfvars(sets, config.variable));
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'tofu-standin.json'), JSON.stringify(config, null, 2));
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.chmodSync)(tofuStandinPath, 0o755);
    return dir;
}
function updateStandinConfig(dir, config) {
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'tofu-standin.json'), JSON.stringify(config, null, 2));
}
function updateTfvars(dir, sets, variable) {
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'runners.tfvars'), runnerSetsTfvars(sets, variable));
}


/***/ })

};
