/** The four vendors, and `tiles`: a street-tile host (a PMTiles archive served with range requests). */
export type SandboxVendor = 'opensolar' | 'easypv' | 'aurora' | 'locus' | 'tiles'
export const SANDBOX_VENDORS: readonly SandboxVendor[] = ['opensolar', 'easypv', 'aurora', 'locus', 'tiles']

/** Each vendor's own error body, so a fault-injected status looks like the vendor sent it. */
export function vendorErrorBody(vendor: SandboxVendor, status: number, message: string): unknown {
  switch (vendor) {
    case 'opensolar':
      return { detail: message } // Django REST framework style
    case 'easypv':
      return { status: 'error', message }
    case 'aurora':
      return { errors: [{ message }] } // 2022.09 error format (aurora-api-versioning.txt)
    case 'locus':
      return { message, statusCode: status } // locus-energy-v3.txt, rate limiting
    case 'tiles':
      return { message }
  }
}
