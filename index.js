// n8n reads the nodes and credentials from package.json's "n8n" field; nothing to export here.
module.exports = {};
