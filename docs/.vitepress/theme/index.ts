/**
 * The default theme, plus the components pages use for figures that come from data loaders.
 * Markdown that shows such a component also carries a `github-only` note, hidden here, for
 * readers on GitHub, where the component does not render.
 */
import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import StackCostTable from './StackCostTable.vue';
import './custom.css';

const theme: Theme = {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('StackCostTable', StackCostTable);
  },
};

export default theme;
