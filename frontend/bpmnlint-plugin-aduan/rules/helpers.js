// Reading spiffworkflow:properties from a moddle element. With the studio's moddle
// descriptor the entries are typed (spiffworkflow:Properties); without it (bpmnlint's CLI)
// moddle keeps them as generic elements with $children: both shapes are read.
function properties(node) {
  const result = {};
  const values = (node.extensionElements && node.extensionElements.values) || [];
  values.forEach(function(ext) {
    const isProps = ext.$type === 'spiffworkflow:Properties' || ext.$type === 'spiffworkflow:properties';
    if (!isProps) {
      return;
    }
    const items = ext.properties || ext.$children || [];
    items.forEach(function(p) {
      if (p.name) {
        result[p.name] = p.value;
      }
    });
  });
  return result;
}

module.exports = { properties };
