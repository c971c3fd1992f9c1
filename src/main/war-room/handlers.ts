/**
 * The war room's methods of the desk API. The war room is rebuilt when the replica is replaced,
 * so each call goes to the one in use now.
 */
import type { DeskHandlers } from '@shared/contract';
import type { WarRoom, WarRoomMethod } from '@main/war-room/war-room';

export function warRoomHandlers(current: () => WarRoom): Pick<DeskHandlers, WarRoomMethod> {
  return {
    incidents: (input) => current().handlers.incidents(input),
    incidentBoard: (input) => current().handlers.incidentBoard(input),
    setIncidentState: (input) => current().handlers.setIncidentState(input),
    mapView: (input) => current().handlers.mapView(input),
    bottlenecks: (input) => current().handlers.bottlenecks(input),
    crewLoad: (input) => current().handlers.crewLoad(input),
    findOrders: (input) => current().handlers.findOrders(input),
    diagnoseOrder: (input) => current().handlers.diagnoseOrder(input),
  };
}
