export const id = 913;
export const ids = [913];
export const modules = {

/***/ 5913:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   main: () => (/* binding */ main)
/* harmony export */ });
/* harmony import */ var _canary__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4939);

const main = (ctx) => (0,_canary__WEBPACK_IMPORTED_MODULE_0__/* .runCanary */ .i)(ctx, { outside: true, inside: true });


/***/ })

};
