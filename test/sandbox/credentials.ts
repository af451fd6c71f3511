export { DEMO_CREDENTIALS } from '../../src-main/demo/demo-credentials'
