// Stand-in for wolfify's offline build tests, not the real @vitejs/plugin-react.
module.exports = {};
