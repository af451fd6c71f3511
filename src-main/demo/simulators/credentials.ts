export { DEMO_CREDENTIALS } from '../demo-credentials'
