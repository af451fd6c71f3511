// Setting a location by placing the pin: a form asks the map for a draggable pin at a
// point (or the map's centre), and hears where the technician drags or clicks it. One at a time.
import { createContext, useContext, useEffect, useRef } from 'react'

export interface PinPlacement {
  lat: number | null
  lng: number | null
  onPlace: (lat: number, lng: number) => void
}

export const PinPlacementContext = createContext<(placement: PinPlacement | null) => void>(() => undefined)

/** While `active`, the map shows a draggable pin at lat/lng; moving it calls onPlace. */
export function usePinPlacement(
  active: boolean,
  lat: number | null,
  lng: number | null,
  onPlace: PinPlacement['onPlace'],
) {
  const request = useContext(PinPlacementContext)
  const onPlaceRef = useRef(onPlace)
  useEffect(() => {
    onPlaceRef.current = onPlace
  }, [onPlace])
  useEffect(() => {
    if (!active) return
    request({ lat, lng, onPlace: (a, b) => onPlaceRef.current(a, b) })
  }, [active, lat, lng, request])
  useEffect(() => (active ? () => request(null) : undefined), [active, request])
}
