export const id = 138;
export const ids = [138];
export const modules = {

/***/ 11138:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   main: () => (/* binding */ main)
/* harmony export */ });
/* harmony import */ var _canary__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(94673);

const main = (ctx) => (0,_canary__WEBPACK_IMPORTED_MODULE_0__/* .runCanary */ .i)(ctx, { outside: false, inside: true });


/***/ })

};
